import type { ChatClient, ChatParams, ChatReply } from '../runner/client.js';
import { simulateJudge } from './judge.js';

/**
 * What `stoppoint demo` stores as its endpoints instead of the URL of the simulator it started:
 * that URL is a loopback port that dies with the demo (and may later belong to something else).
 * `sim://demo` says what it was; a judge named so is the simulated judge, run in-process.
 */
export const DEMO_ENDPOINT = 'sim://demo';

/** A `sim://…` endpoint: the built-in simulator, not a server on the network. */
export function isSimEndpoint(baseUrl: string): boolean {
  return baseUrl.startsWith('sim:');
}

/**
 * The simulated LLM judge as a chat client, without a server: the judge is a pure function of the
 * request (src/sim/judge.ts), so replies graded by the demo's simulator can be graded again any
 * time later, with the same grades, after the simulator has stopped.
 */
export function simulatedJudgeClient(baseUrl: string): ChatClient {
  return {
    baseUrl,
    keyEnv: undefined,
    secret: undefined,
    complete(params: ChatParams): Promise<ChatReply> {
      const text = simulateJudge(params.messages);
      return Promise.resolve({ text, finishReason: 'stop', promptTokens: null, completionTokens: null, fingerprint: null });
    },
  };
}
