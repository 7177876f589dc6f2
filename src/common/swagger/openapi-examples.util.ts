/** The parts of an OpenAPI 3 document that example-filling reads and writes. */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  example?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
}

interface MediaObject {
  schema?: SchemaObject;
  example?: unknown;
  examples?: unknown;
}

interface OperationObject {
  requestBody?: { content?: Record<string, MediaObject> };
  responses?: Record<string, { content?: Record<string, MediaObject> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const PRIMITIVE_EXAMPLES: Record<string, unknown> = {
  string: 'string',
  integer: 1,
  number: 1.5,
  boolean: true,
};

class ExampleBuilder {
  private readonly open = new Set<string>();

  constructor(private readonly schemas: Record<string, SchemaObject>) {}

  build(schema: SchemaObject | undefined): unknown {
    if (!schema) {
      return null;
    }
    if ('example' in schema) {
      return schema.example;
    }
    if (schema.$ref) {
      return this.buildRef(schema.$ref);
    }
    if (schema.allOf) {
      return Object.assign({}, ...schema.allOf.map((part) => this.build(part) as object));
    }
    const choice = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (choice) {
      return this.build(choice);
    }
    if (schema.enum) {
      return schema.enum[0];
    }
    if (schema.default !== undefined) {
      return schema.default;
    }
    if (schema.type === 'array') {
      const item = this.build(schema.items);
      return item === undefined ? [] : [item];
    }
    if (schema.type === 'object' || schema.properties) {
      return this.buildObject(schema);
    }
    return schema.nullable ? null : PRIMITIVE_EXAMPLES[schema.type ?? 'string'];
  }

  private buildRef(ref: string): unknown {
    const name = ref.split('/').pop() as string;
    if (this.open.has(name)) {
      // A recursive schema (an execution's child_executions): stop at one level.
      return undefined;
    }
    this.open.add(name);
    const example = this.build(this.schemas[name]);
    this.open.delete(name);
    return example;
  }

  private buildObject(schema: SchemaObject): Record<string, unknown> {
    const example: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const value = this.build(property);
      example[key] = value === undefined ? [] : value;
    }
    return example;
  }
}

/**
 * Gives every request body and every response with content a whole example, built from the
 * schema's property examples, where the decorators gave none (explicit examples are kept).
 */
export function addMissingExamples(document: OpenApiDocument): OpenApiDocument {
  const builder = new ExampleBuilder(document.components?.schemas ?? {});
  const fill = (content: Record<string, MediaObject> | undefined): void => {
    for (const media of Object.values(content ?? {})) {
      if (media.example === undefined && media.examples === undefined && media.schema) {
        media.example = builder.build(media.schema);
      }
    }
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      fill(operation.requestBody?.content);
      for (const response of Object.values(operation.responses ?? {})) {
        fill(response.content);
      }
    }
  }
  return document;
}
