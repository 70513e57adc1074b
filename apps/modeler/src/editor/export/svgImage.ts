/**
 * PNG from the export's SVG string, in the browser: the SVG (with the Inter faces embedded, since
 * an SVG drawn as an image cannot reach the page's fonts) is loaded into an Image, drawn on a
 * canvas at 1× or 2× and read back as a PNG blob.
 */
import inter400 from "@fontsource/inter/files/inter-latin-400-normal.woff2?url";
import inter600 from "@fontsource/inter/files/inter-latin-600-normal.woff2?url";

/** The SVG with a `<style>` holding `css` right after its root element's opening tag (pure). */
export function withStyle(svg: string, css: string): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) return svg;
  const at = open.index + open[0].length;
  return `${svg.slice(0, at)}<style>${css}</style>${svg.slice(at)}`;
}

async function dataUrl(url: string): Promise<string> {
  const blob = await (await fetch(url)).blob();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("cannot read the font"));
    reader.readAsDataURL(blob);
  });
}

let fontCss: Promise<string> | undefined;
/** `@font-face` rules for Inter 400/600 as data URLs (fetched once per page). */
function interFontCss(): Promise<string> {
  fontCss ??= Promise.all([dataUrl(inter400), dataUrl(inter600)]).then(
    ([regular, semibold]) =>
      `@font-face{font-family:Inter;font-weight:400;src:url(${regular}) format("woff2")}@font-face{font-family:Inter;font-weight:600;src:url(${semibold}) format("woff2")}`,
  );
  return fontCss;
}

/** Rasterises a standalone SVG document at `scale` (1 = its own size in px) to a PNG blob. */
export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  let css = "";
  try {
    css = await interFontCss();
  } catch {
    fontCss = undefined; // the fallback fonts the SVG names draw instead
  }
  const url = URL.createObjectURL(new Blob([css ? withStyle(svg, css) : svg], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("the canvas produced no PNG"))),
        "image/png",
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
