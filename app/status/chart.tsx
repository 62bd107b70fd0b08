import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, type XAxisProps, YAxis } from 'recharts';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
  /** Bars: series with the same stack are drawn on top of each other. */
  stack?: string;
  /** Lines: the series to read first is drawn thicker. */
  thick?: boolean;
  /** Lines: a dot on each value, for series with few points. */
  dots?: boolean;
}

// Recharts draws axes, grid, tooltip and dots in fixed light colours; the theme's keep them readable in the dark.
const AXIS = { stroke: 'var(--muted)', tick: { fill: 'var(--muted)' } };
const DOT = { fill: 'var(--panel)' };
const TOOLTIP = { backgroundColor: 'var(--panel)', border: '1px solid var(--line)', color: 'var(--ink)' };
// Recharts writes a legend's names in their series' colours, too pale on a panel for some.
const legendText = (value: string) => <span className="chart-legend-text">{value}</span>;

/**
 * One chart of the status page: bars or lines over `x`, on a grid, with a tooltip. `y` is either
 * a count (whole numbers) or a fraction (0 to 1).
 */
export function Chart({
  kind,
  data,
  x,
  xAxis,
  y,
  yTick,
  tooltip,
  legend = false,
  series,
  testId,
}: {
  kind: 'bar' | 'line';
  data: object[];
  x: string;
  xAxis?: Omit<XAxisProps, 'dataKey'>;
  y: 'count' | 'fraction';
  yTick?: (value: number) => string;
  /** How the tooltip writes a value; recharts' own way when absent. */
  tooltip?: (value: number) => string;
  legend?: boolean;
  series: ChartSeries[];
  testId?: string;
}) {
  const Plot = kind === 'bar' ? BarChart : LineChart;
  // Fraction ticks ("100%", "0.75") are wider than counts, so they keep more of the left margin.
  const margin = { top: 8, right: 8, bottom: 0, left: y === 'count' ? -16 : -8 };
  return (
    <div className="chart" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <Plot data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--line)" />
          <XAxis dataKey={x} fontSize={12} {...AXIS} {...xAxis} />
          {y === 'count' ? <YAxis allowDecimals={false} fontSize={12} {...AXIS} /> : <YAxis domain={[0, 1]} tickFormatter={yTick} fontSize={12} {...AXIS} />}
          <Tooltip
            formatter={tooltip ? (value) => (typeof value === 'number' ? tooltip(value) : String(value)) : undefined}
            contentStyle={TOOLTIP}
            labelStyle={{ color: 'var(--ink)' }}
            cursor={kind === 'bar' ? { fill: 'var(--subtle)' } : { stroke: 'var(--line)' }}
          />
          {legend ? <Legend formatter={legendText} /> : null}
          {series.map((entry) =>
            kind === 'bar' ? (
              <Bar key={entry.key} dataKey={entry.key} name={entry.name} stackId={entry.stack} fill={entry.color} isAnimationActive={false} />
            ) : (
              <Line
                key={entry.key}
                type="monotone"
                dataKey={entry.key}
                name={entry.name}
                stroke={entry.color}
                strokeWidth={entry.thick ? 2 : undefined}
                dot={entry.dots ? DOT : false}
                isAnimationActive={false}
              />
            ),
          )}
        </Plot>
      </ResponsiveContainer>
    </div>
  );
}
