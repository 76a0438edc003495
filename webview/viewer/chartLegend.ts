import type uPlot from 'uplot';

/**
 * The charts' legend. uPlot draws every series' marker as a solid square of its colour; past the six chart
 * colours series are told apart by their dash, so a dashed line gets a dotted marker (at the marker's
 * size a dashed border draws as a solid one): by colour alone the seventh tool-call code looked like the
 * first.
 */
export const CHART_LEGEND: uPlot.Legend = {
  show: true,
  live: false,
  markers: { dash: (u, i) => ((u.series[i]?.dash?.length ?? 0) > 0 ? 'dotted' : 'solid') },
};
