import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { UpsertResult } from 'src/common/http/upsert-result';

/** Answers 201 when the upsert created the row and 200 when it already existed. */
@Injectable()
export class UpsertStatusInterceptor<T> implements NestInterceptor<UpsertResult<T>, T> {
  intercept(context: ExecutionContext, next: CallHandler<UpsertResult<T>>): Observable<T> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result) => {
        response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
        return result.body;
      }),
    );
  }
}
