// WCAG 2 contrast ratio of each element matching a selector: its computed text colour against the first
// opaque background behind it (translucent layers blended). Used by tests/test_app_e2e.py via page.evaluate.
(selector) => {
  const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = (rgb) => rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((out, c) => out.map((v, i) => c[i] * c[3] + v * (1 - c[3])), [255, 255, 255]);
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    const bg = background(el), fg = rgba(getComputedStyle(el).color);
    const text = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
}
