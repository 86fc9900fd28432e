// MathJax configuration; it must load before the vendored docs/vendor/mathjax/tex-svg.js.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // pymdownx.arithmatex wraps every formula in .arithmatex: typeset those and nothing else.
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    // The menu's accessibility explorer would fetch the speech-rule-engine from a CDN.
    enableMenu: false,
  },
  svg: { fontCache: "global" },
};

// Material's instant navigation swaps pages without reloading: typeset each new page.
document$.subscribe(() => {
  if (MathJax.typesetPromise) {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  }
});
