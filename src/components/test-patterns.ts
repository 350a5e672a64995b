/** Generated test images (no photo needed): stripes, checkerboard, gradients, a disc, drawn on a canvas. */

export const PATTERNS = ["vertical stripes", "checkerboard", "colour gradient", "disc"] as const;
export type PatternName = (typeof PATTERNS)[number];

/** A 320 × 240 canvas (not square, so the centre crop is visible). */
export function drawPattern(name: PatternName, width = 320, height = 240): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  const g = c.getContext("2d")!;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  switch (name) {
    case "vertical stripes":
      g.fillStyle = "#111";
      for (let x = 0; x < width; x += 24) g.fillRect(x, 0, 12, height);
      break;
    case "checkerboard":
      for (let y = 0; y < height; y += 20)
        for (let x = 0; x < width; x += 20) {
          g.fillStyle = ((x + y) / 20) % 2 ? "#1b4f9c" : "#f2c14e";
          g.fillRect(x, y, 20, 20);
        }
      break;
    case "colour gradient": {
      const h = g.createLinearGradient(0, 0, width, 0);
      h.addColorStop(0, "#d62728");
      h.addColorStop(0.5, "#2ca02c");
      h.addColorStop(1, "#1f77b4");
      g.fillStyle = h;
      g.fillRect(0, 0, width, height);
      const v = g.createLinearGradient(0, 0, 0, height);
      v.addColorStop(0, "rgba(255,255,255,0)");
      v.addColorStop(1, "rgba(0,0,0,0.9)");
      g.fillStyle = v;
      g.fillRect(0, 0, width, height);
      break;
    }
    case "disc":
      g.fillStyle = "#f4f1e8";
      g.fillRect(0, 0, width, height);
      g.fillStyle = "#c0392b";
      g.beginPath();
      g.arc(width / 2, height / 2, Math.min(width, height) * 0.3, 0, 2 * Math.PI);
      g.fill();
      break;
  }
  return c;
}
