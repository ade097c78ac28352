import { Type } from 'typebox';

/** Shapes shared by several routes (api.md). */
export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
export const IdParams = (name: string) => Type.Object({ [name]: Id });

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
});

export const ProjectRole = Type.Union([Type.Literal('manager'), Type.Literal('annotator'), Type.Literal('reviewer')]);

export const ProjectClass = Type.Object({
  id: Type.Integer(),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  isthing: Type.Boolean(),
});

export const Segment = Type.Object({
  id: Type.Integer(),
  categoryId: Type.Integer(),
  segmentation: Type.Object({
    size: Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 })]),
    counts: Type.String(),
  }),
  iscrowd: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
});

export const Segments = Type.Array(Segment, { maxItems: 10_000 });
