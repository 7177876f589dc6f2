import { NamePrefixPageQuery } from 'src/common/dto/name-prefix-page.query';

export class ListPipelineTypesQuery extends NamePrefixPageQuery {}
