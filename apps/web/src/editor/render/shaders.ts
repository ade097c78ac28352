/**
 * The WebGL2 programs, which apply rules.ts to each device pixel; every branch and every number below
 * mirrors compose.ts, so both backends give the same bytes: change them together.
 *
 * - The label program draws one quad per tile from the tile's integer label texture (texelFetch: no
 *   filtering), its image texture and the palette. It comes in two builds: with the edge band's four
 *   neighbour fetches (outline mode, or a selected segment) and without. The split matters where WebGL
 *   runs on the CPU (SwiftShader executes both sides of every branch, so an unused fetch still costs);
 *   on a GPU it saves little.
 * - The footprint program draws the cursor's outline over the footprint's box only, after the labels.
 *
 * Blends use floats: floor((n + 0.5) / 255) equals the integer floor(n / 255) for the integers n in
 * play (below 2^17, exact in a float), with a margin of 0.5/255 that absorbs an inexact GPU division.
 */
import { PALETTE_WIDTH, UNKNOWN_COLOR } from './palette.js';
import { GRID_ALPHA, GRID_COLOR, HOVER_BOOST } from './rules.js';

const PALETTE_SHIFT = Math.log2(PALETTE_WIDTH);

/** Corners from gl_VertexID (no vertex buffer): uQuad is the rectangle in clip space. */
export const VERTEX_SHADER = `#version 300 es
uniform vec4 uQuad;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  gl_Position = vec4(mix(uQuad.xy, uQuad.zw, corner), 0.0, 1.0);
}
`;

/** The mapping of rules.ts from a device pixel to its image pixel `p` and its edge-band flags. */
const MAPPING = `
uniform float uCanvasHeight;
uniform vec2 uScale;
uniform float uZoom;
uniform vec2 uOffset;
uniform ivec2 uImageSize;
uniform vec2 uBand;

vec2 centre;
vec2 low;
ivec2 p;
bvec2 nearLow;
bvec2 nearHigh;

void mapPixel() {
  centre = vec2(gl_FragCoord.x, uCanvasHeight - gl_FragCoord.y);
  vec2 k = uScale * uZoom;
  vec2 f = floor(centre / k + uOffset);
  p = ivec2(f);
  low = centre - (f - uOffset) * k;
  vec2 high = (f - uOffset + 1.0) * k - centre;
  nearLow = lessThan(low, uBand);
  nearHigh = lessThan(high, uBand);
}
`;

/** The label program's fragment shader, with or without the edge band. */
export function labelShader(edges: boolean): string {
  return `#version 300 es
#define EDGES ${edges ? 1 : 0}
precision highp float;
precision highp int;
precision highp usampler2D;

uniform usampler2D uLabels;
uniform sampler2D uImage;
uniform sampler2D uPalette;
uniform ivec4 uCore;
uniform ivec2 uTexOrigin;
uniform bool uHasLabels;
uniform uint uEntries;
uniform float uOpacity;
uniform uint uHover;
uniform uint uSelected;
uniform bool uOutline;
uniform bool uGrid;
uniform vec3 uSelectedColor;
${MAPPING}
out vec4 outColor;

uint labelAt(ivec2 q) {
  return uHasLabels ? texelFetch(uLabels, q - uTexOrigin, 0).r : 0u;
}

vec3 blend(vec3 a, vec3 b, float alpha) {
  return floor((a * (255.0 - alpha) + b * alpha + 127.5) / 255.0);
}

void main() {
  mapPixel();
  // Quads overlap by a device pixel: each pixel is drawn by the tile whose core holds it.
  if (p.x < uCore.x || p.y < uCore.y || p.x >= uCore.x + uCore.z || p.y >= uCore.y + uCore.w) discard;
  vec3 colour = floor(texelFetch(uImage, p - uTexOrigin, 0).rgb * 255.0 + 0.5);
  uint id = labelAt(p);
  vec4 c = vec4(${UNKNOWN_COLOR.join('.0, ')}.0, 255.0);
  if (id < uEntries) {
    c = floor(texelFetch(uPalette, ivec2(int(id & ${PALETTE_WIDTH - 1}u), int(id >> ${PALETTE_SHIFT}u)), 0) * 255.0 + 0.5);
  }
  if (c.a != 0.0) {
    float alpha = uOpacity;
    if (id == uHover && uHover != 0u) alpha = min(255.0, alpha + ${HOVER_BOOST}.0);
#if EDGES
    bool selected = id == uSelected && uSelected != 0u;
    if ((any(nearLow) || any(nearHigh)) && (uOutline || selected)) {
      bool edge =
        (nearLow.x && (p.x == 0 || labelAt(p - ivec2(1, 0)) != id)) ||
        (nearHigh.x && (p.x == uImageSize.x - 1 || labelAt(p + ivec2(1, 0)) != id)) ||
        (nearLow.y && (p.y == 0 || labelAt(p - ivec2(0, 1)) != id)) ||
        (nearHigh.y && (p.y == uImageSize.y - 1 || labelAt(p + ivec2(0, 1)) != id));
      if (edge) {
        alpha = 255.0;
        if (selected) c.rgb = uSelectedColor;
      }
    }
#endif
    colour = blend(colour, c.rgb, alpha);
  }
  if (uGrid && (low.x < 1.0 || low.y < 1.0)) {
    colour = blend(colour, vec3(${GRID_COLOR.join('.0, ')}.0), ${GRID_ALPHA}.0);
  }
  outColor = vec4(colour / 255.0, 1.0);
}
`;
}

/** The footprint program's fragment shader: the footprint colour on its edge band, nothing elsewhere. */
export const FOOTPRINT_SHADER = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;

uniform usampler2D uFootprint;
uniform ivec4 uFootprintRect;
uniform vec3 uFootprintColor;
${MAPPING}
out vec4 outColor;

bool inFootprint(ivec2 q) {
  ivec2 r = q - uFootprintRect.xy;
  if (r.x < 0 || r.y < 0 || r.x >= uFootprintRect.z || r.y >= uFootprintRect.w) return false;
  return texelFetch(uFootprint, r, 0).r != 0u;
}

void main() {
  mapPixel();
  if (p.x < 0 || p.y < 0 || p.x >= uImageSize.x || p.y >= uImageSize.y || !inFootprint(p)) discard;
  bool edge =
    (nearLow.x && !inFootprint(p - ivec2(1, 0))) ||
    (nearHigh.x && !inFootprint(p + ivec2(1, 0))) ||
    (nearLow.y && !inFootprint(p - ivec2(0, 1))) ||
    (nearHigh.y && !inFootprint(p + ivec2(0, 1)));
  if (!edge) discard;
  outColor = vec4(uFootprintColor / 255.0, 1.0);
}
`;
