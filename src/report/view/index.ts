import type { MetricName } from '../../metrics/registry.js';
import { metricsPresent } from '../configurations.js';
import type { ReportData } from '../types.js';
import {
  iterationCharts, paramEffectCharts, rankChart, seedSpreadCharts, trainingCharts, type ChartView,
} from './charts.js';
import { configTableView, type ConfigTableView } from './configurations.js';
import {
  agreementView, coverageView, resolutionView, runsView, type AgreementRowView, type CoverageRowView, type ResolutionRowView,
  type RunRowView,
} from './coverage.js';
import { explorerView, type ExplorerView } from './explorer.js';
import {
  bannerView, contractView, freezeRiskView, type BannerView, type ContractRowView, type FreezeRiskView,
} from './verdict.js';

/** What the templates render: plain strings and flags, every chart already an SVG string. */
export interface ReportView {
  experiment: string;
  generatedAt: string;
  candidateCount: number;
  configurationCount: number;
  banner: BannerView;
  contract: ContractRowView[];
  configTable: ConfigTableView;
  metrics: MetricName[];
  iterationCharts: ChartView[];
  trainingCharts: ChartView[];
  seedSpreadCharts: ChartView[];
  rankChart: ChartView | null;
  paramEffectCharts: ChartView[];
  coverage: CoverageRowView[];
  runs: RunRowView[];
  resolution: ResolutionRowView[];
  agreement: AgreementRowView[];
  freezeRisks: FreezeRiskView[];
  explorer: ExplorerView;
}

export function buildView(data: ReportData): ReportView {
  const metrics = metricsPresent(data.candidates);
  const freeze = data.verdict.freeze_candidate;
  return {
    experiment: data.experiment,
    generatedAt: data.generatedAt,
    candidateCount: data.candidates.length,
    configurationCount: data.configurations.length,
    banner: bannerView(data.verdict),
    contract: contractView(data.verdict),
    configTable: configTableView(data.configurations, data.candidates, metrics, freeze),
    metrics,
    iterationCharts: iterationCharts(data.candidates, metrics),
    trainingCharts: trainingCharts(data.curves, data.candidates, data.verdict),
    seedSpreadCharts: seedSpreadCharts(data.configurations, data.candidates, metrics),
    rankChart: rankChart(data.configurations, metrics),
    paramEffectCharts: paramEffectCharts(data.configurations, metrics),
    coverage: coverageView(data.candidates),
    runs: runsView(data.runs),
    resolution: resolutionView(data.resolution),
    agreement: agreementView(data.judgeAgreement),
    freezeRisks: freezeRiskView(data.verdict),
    explorer: explorerView(data.explorer, data.candidates, freeze, data.experiment),
  };
}
