// Observable Framework configuration. Every library is imported from node_modules; nothing loads from
// another origin (no Google Fonts: globalStylesheets is empty, the theme's fonts are system fonts). Every page
// carries the site's Content-Security-Policy (scripts/csp.mjs) in its <head>, so static hosts enforce it too; the
// build then narrows each page's inline scripts to their hashes (scripts/page-template.mjs).
import { DEV_CSP } from "./scripts/csp.mjs";
import { PRESENTER_HEAD } from "./scripts/presenter.mjs";

export default {
  root: "src",
  title: "MobileNetV2 Explorer",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Depthwise separable convolution", path: "/pages/depthwise-separable" },
    { name: "Bottleneck vs inverted residual", path: "/pages/inverted-residual" },
    { name: "Linear bottleneck", path: "/pages/linear-bottleneck" },
    { name: "ReLU6", path: "/pages/relu6" },
    { name: "The architecture (Table 2)", path: "/pages/architecture" },
    { name: "Width multiplier and resolution", path: "/pages/width-resolution" },
    { name: "Activations explorer", path: "/pages/activations" },
    { name: "Inside the trained network", path: "/pages/inside" },
    { name: "Playground", path: "/pages/playground" },
    { name: "Transfer learning", path: "/pages/transfer" },
    { name: "Teacher's guide", path: "/pages/teacher" },
  ],
  pager: true,
  toc: true,
  search: false,
  theme: ["air", "near-midnight"],
  style: "style.css",
  globalStylesheets: [],
  head: `<meta http-equiv="Content-Security-Policy" content="${DEV_CSP}">\n<link rel="icon" href="data:,">\n${PRESENTER_HEAD}`,
  header: "",
  footer:
    'MobileNetV2 Explorer: a live walkthrough of Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks" (CVPR 2018, arXiv:1801.04381). Every number on these pages is computed in your browser.',
};
