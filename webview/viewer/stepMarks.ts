import uPlot from 'uplot';
import type { StepEnd } from '../../src/shared/stepEnds';

/**
 * A uPlot plugin that puts the run's steps on a wall-clock chart: a dashed line where each step ended,
 * numbered at its top (the number of the step that ended there, just left of the line). Names that would
 * overlap the one before are left out; the chart's table names every reading's step.
 */
export function stepMarks(ends: () => readonly StepEnd[], color: string): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const min = u.scales.x?.min;
          const max = u.scales.x?.max;
          if (min === undefined || max === undefined) return;
          const ratio = uPlot.pxRatio;
          const { ctx } = u;
          const { top, height } = u.bbox;
          ctx.save();
          ctx.strokeStyle = color;
          ctx.fillStyle = color;
          ctx.lineWidth = ratio;
          ctx.setLineDash([3 * ratio, 3 * ratio]);
          ctx.font = `${10 * ratio}px sans-serif`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'top';
          let named = -Infinity;
          for (const e of ends()) {
            const x = e.t / 1000;
            if (x < min || x > max) continue;
            const px = Math.round(u.valToPos(x, 'x', true));
            ctx.beginPath();
            ctx.moveTo(px, top);
            ctx.lineTo(px, top + height);
            ctx.stroke();
            const name = String(e.step);
            const width = ctx.measureText(name).width;
            if (px - width - 6 * ratio > named) {
              ctx.fillText(name, px - 3 * ratio, top + 2 * ratio);
              named = px;
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}
