import { addMissingExamples, type OpenApiDocument } from 'src/common/swagger/openapi-examples.util';

describe('addMissingExamples', () => {
  it('should build whole examples from property examples, through refs, arrays and recursion', () => {
    const document: OpenApiDocument = {
      paths: {
        '/tree': {
          get: {
            responses: {
              '200': {
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
              '204': {},
            },
          },
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Node' },
                  example: { id: 9 },
                },
              },
            },
            responses: {},
          },
        },
      },
      components: {
        schemas: {
          Node: {
            type: 'object',
            properties: {
              id: { type: 'integer', example: 1 },
              parent_id: { type: 'integer', nullable: true, example: null },
              kind: { type: 'string', enum: ['a', 'b'] },
              children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
            },
          },
        },
      },
    };
    addMissingExamples(document);
    const get = document.paths['/tree'].get;
    expect(get.responses?.['200'].content?.['application/json'].example).toEqual({
      id: 1,
      parent_id: null,
      kind: 'a',
      children: [],
    });
    expect(get.responses?.['204'].content).toBeUndefined();
    expect(document.paths['/tree'].post.requestBody?.content?.['application/json'].example).toEqual(
      { id: 9 },
    );
  });
});
