-- A reply that replaces a recorded error (a resumed run retried it) must be graded afresh:
-- grades made for the error row would otherwise stick to the new text under the same id.
CREATE TRIGGER responses_replaced_drop_grades
AFTER UPDATE OF text, error_class ON responses
BEGIN
  DELETE FROM grades WHERE response_id = NEW.id;
END;
