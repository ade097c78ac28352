/**
 * The WebGL2 program: one quad per tile, and a fragment shader that applies rules.ts to each device
 * pixel from the tile's integer label texture (texelFetch: no filtering), its image texture and the
 * palette texture. Every branch and every integer below mirrors compose.ts, so both backends give the
 * same bytes; change them together.
 */
import { PALETTE_WIDTH, UNKNOWN_COLOR } from './palette.js';
import { GRID_ALPHA, GRID_COLOR, HOVER_BOOST } from './rules.js';

const PALETTE_SHIFT = Math.log2(PALETTE_WIDTH);

/** Corners from gl_VertexID (no vertex buffer): uQuad is the tile's rectangle in clip space. */
export const VERTEX_SHADER = `#version 300 es
uniform vec4 uQuad;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  gl_Position = vec4(mix(uQuad.xy, uQuad.zw, corner), 0.0, 1.0);
}
`;

export const FRAGMENT_SHADER = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;

uniform usampler2D uLabels;
uniform sampler2D uImage;
uniform sampler2D uPalette;
uniform usampler2D uFootprint;

uniform float uCanvasHeight;
uniform vec2 uScale;
uniform float uZoom;
uniform vec2 uOffset;
uniform ivec2 uImageSize;
uniform ivec4 uCore;
uniform ivec2 uTexOrigin;
uniform bool uHasLabels;
uniform uint uEntries;
uniform int uOpacity;
uniform uint uHover;
uniform uint uSelected;
uniform bool uOutline;
uniform bool uGrid;
uniform vec2 uBand;
uniform ivec3 uSelectedColor;
uniform ivec3 uFootprintColor;
uniform ivec4 uFootprintRect;

out vec4 outColor;

uint labelAt(ivec2 p) {
  return uHasLabels ? texelFetch(uLabels, p - uTexOrigin, 0).r : 0u;
}

bool inFootprint(ivec2 p) {
  ivec2 q = p - uFootprintRect.xy;
  if (q.x < 0 || q.y < 0 || q.x >= uFootprintRect.z || q.y >= uFootprintRect.w) return false;
  return texelFetch(uFootprint, q, 0).r != 0u;
}

ivec3 blend(ivec3 a, ivec3 b, int alpha) {
  return (a * (255 - alpha) + b * alpha + 127) / 255;
}

void main() {
  vec2 centre = vec2(gl_FragCoord.x, uCanvasHeight - gl_FragCoord.y);
  vec2 k = uScale * uZoom;
  vec2 f = floor(centre / k + uOffset);
  ivec2 p = ivec2(f);
  // Quads overlap by a device pixel: each pixel is drawn by the tile whose core holds it.
  if (p.x < uCore.x || p.y < uCore.y || p.x >= uCore.x + uCore.z || p.y >= uCore.y + uCore.w) discard;
  vec2 low = centre - (f - uOffset) * k;
  vec2 high = (f - uOffset + 1.0) * k - centre;
  bvec2 nearLow = lessThan(low, uBand);
  bvec2 nearHigh = lessThan(high, uBand);
  bool near = any(nearLow) || any(nearHigh);

  ivec3 colour = ivec3(round(texelFetch(uImage, p - uTexOrigin, 0).rgb * 255.0));
  uint id = labelAt(p);
  ivec4 c = ivec4(${UNKNOWN_COLOR.join(', ')}, 255);
  if (id < uEntries) c = ivec4(round(texelFetch(uPalette, ivec2(int(id & ${PALETTE_WIDTH - 1}u), int(id >> ${PALETTE_SHIFT}u)), 0) * 255.0));
  if (c.a != 0) {
    int alpha = uOpacity;
    if (id == uHover && uHover != 0u) alpha = min(255, alpha + ${HOVER_BOOST});
    bool selected = id == uSelected && uSelected != 0u;
    if (near && (uOutline || selected)) {
      bool edge =
        (nearLow.x && (p.x == 0 || labelAt(p - ivec2(1, 0)) != id)) ||
        (nearHigh.x && (p.x == uImageSize.x - 1 || labelAt(p + ivec2(1, 0)) != id)) ||
        (nearLow.y && (p.y == 0 || labelAt(p - ivec2(0, 1)) != id)) ||
        (nearHigh.y && (p.y == uImageSize.y - 1 || labelAt(p + ivec2(0, 1)) != id));
      if (edge) {
        alpha = 255;
        if (selected) c.rgb = uSelectedColor;
      }
    }
    colour = blend(colour, c.rgb, alpha);
  }
  if (uGrid && (low.x < 1.0 || low.y < 1.0)) colour = blend(colour, ivec3(${GRID_COLOR.join(', ')}), ${GRID_ALPHA});
  if (uFootprintRect.z > 0 && near && inFootprint(p)) {
    bool edge =
      (nearLow.x && !inFootprint(p - ivec2(1, 0))) ||
      (nearHigh.x && !inFootprint(p + ivec2(1, 0))) ||
      (nearLow.y && !inFootprint(p - ivec2(0, 1))) ||
      (nearHigh.y && !inFootprint(p + ivec2(0, 1)));
    if (edge) colour = uFootprintColor;
  }
  outColor = vec4(vec3(colour) / 255.0, 1.0);
}
`;
