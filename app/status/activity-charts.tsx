import { percent } from '../_client/format';
import { Chart } from './chart';
import { ChartFigure } from './chart-figure';
import { DataTable } from './data-table';
import type { Series } from './use-dashboard';

// Whole percentages; recharts passes a tick's index after its value, which `percent` would take for decimals.
const wholePercent = (value: number) => percent(value);

// globals.css defines each for both themes; SVG presentation attributes resolve var().
const COLORS = {
  indexed: 'var(--chart-indexed)',
  quarantined: 'var(--chart-quarantined)',
  deleted: 'var(--chart-deleted)',
  accent: 'var(--chart-accent)',
  p25: 'var(--chart-p25)',
  p75: 'var(--chart-p75)',
  warn: 'var(--chart-warn)',
};

// Hourly buckets are labelled "2024-05-01T13:00": the axis shows the hour, the table the whole label.
const hourLabel = (value: string) => (typeof value === 'string' && value.length > 11 ? value.slice(11) : String(value));
const fixed = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : '—');

/** Ingest rate, freshness lag, escalation rate and answer confidence, each with its data as a table. */
export function ActivityCharts({ series }: { series: Series }) {
  const { ingest_rate: ingestRate, lag_distribution: lag, questions, confidence_histogram: confidence } = series;
  const confidenceOverTime = questions.filter((bucket) => bucket.confidence_p50 !== null);
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Activity</h2>
      <div className="charts">
        <ChartFigure
          testId="chart-ingest-rate"
          title="Ingest rate"
          description="Documents processed per hour over the last two days (UTC hours)."
          empty={ingestRate.length === 0}
          table={
            <DataTable
              caption="Documents per hour"
              columns={[
                { key: 'time', label: 'Hour (UTC)' },
                { key: 'indexed', label: 'Indexed' },
                { key: 'quarantined', label: 'Quarantined' },
                { key: 'deleted', label: 'Deleted' },
              ]}
              rows={ingestRate}
            />
          }
        >
          <Chart
            kind="bar"
            data={ingestRate}
            x="time"
            xAxis={{ tickFormatter: hourLabel }}
            y="count"
            legend
            series={[
              { key: 'indexed', name: 'Indexed', color: COLORS.indexed, stack: 'a' },
              { key: 'quarantined', name: 'Quarantined', color: COLORS.quarantined, stack: 'a' },
              { key: 'deleted', name: 'Deleted', color: COLORS.deleted, stack: 'a' },
            ]}
          />
        </ChartFigure>
        <ChartFigure
          testId="chart-lag"
          title="Freshness lag"
          description="Indexed documents by how long after a change they became searchable."
          empty={lag.every((bucket) => bucket.documents === 0)}
          table={
            <DataTable
              caption="Documents by lag"
              columns={[
                { key: 'label', label: 'Lag' },
                { key: 'documents', label: 'Documents' },
              ]}
              rows={lag}
            />
          }
        >
          <Chart
            kind="bar"
            data={lag}
            x="label"
            xAxis={{ fontSize: 11, interval: 0, angle: -30, textAnchor: 'end', height: 50 }}
            y="count"
            series={[{ key: 'documents', name: 'Documents', color: COLORS.accent }]}
          />
        </ChartFigure>
        <ChartFigure
          testId="chart-escalations"
          title="Escalation rate"
          description="Share of questions passed to a person, per day (UTC), last 14 days."
          empty={questions.length === 0}
          table={
            <DataTable
              caption="Questions per day"
              columns={[
                { key: 'time', label: 'Day' },
                { key: 'answered', label: 'Answered' },
                { key: 'escalated', label: 'Escalated' },
                { key: 'escalation_rate', label: 'Rate', format: (value) => (typeof value === 'number' ? wholePercent(value) : '—') },
              ]}
              rows={questions}
            />
          }
        >
          <Chart
            kind="line"
            data={questions}
            x="time"
            y="fraction"
            yTick={wholePercent}
            tooltip={wholePercent}
            series={[{ key: 'escalation_rate', name: 'Escalated', color: COLORS.warn, thick: true, dots: true }]}
          />
        </ChartFigure>
        <ChartFigure
          testId="chart-confidence"
          title="Answer confidence"
          description="Answers by confidence score, last 14 days; below, the quartiles per day."
          empty={confidence.every((bucket) => bucket.answers === 0)}
          table={
            <DataTable
              caption="Confidence quartiles per day"
              columns={[
                { key: 'time', label: 'Day' },
                { key: 'confidence_p25', label: 'p25', format: fixed },
                { key: 'confidence_p50', label: 'Median', format: fixed },
                { key: 'confidence_p75', label: 'p75', format: fixed },
              ]}
              rows={confidenceOverTime}
            />
          }
        >
          <Chart
            kind="bar"
            data={confidence}
            x="label"
            xAxis={{ fontSize: 11 }}
            y="count"
            series={[{ key: 'answers', name: 'Answers', color: COLORS.accent }]}
          />
          {confidenceOverTime.length ? (
            <Chart
              kind="line"
              data={confidenceOverTime}
              x="time"
              y="fraction"
              tooltip={(value) => value.toFixed(2)}
              legend
              series={[
                { key: 'confidence_p25', name: 'p25', color: COLORS.p25 },
                { key: 'confidence_p50', name: 'Median', color: COLORS.accent, thick: true },
                { key: 'confidence_p75', name: 'p75', color: COLORS.p75 },
              ]}
              testId="chart-confidence-quartiles"
            />
          ) : null}
        </ChartFigure>
      </div>
    </section>
  );
}
