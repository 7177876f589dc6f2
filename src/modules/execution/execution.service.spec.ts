import { ClsPluginTransactional, NoOpTransactionalAdapter } from '@nestjs-cls/transactional';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import type { EndExecutionDto } from 'src/modules/execution/dto/end-execution.dto';
import {
  ExecutionEndBeforeStartError,
  ExecutionNotFoundError,
  IdempotentStartVanishedError,
} from 'src/modules/execution/execution.errors';
import { ExecutionRepository } from 'src/modules/execution/execution.repository';
import { ExecutionService } from 'src/modules/execution/execution.service';
import { EXECUTION_ENDED_JOB } from 'src/modules/execution/jobs/execution-ended.job';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';
import { JobQueue } from 'src/queue/job-queue';

describe('ExecutionService', () => {
  let repository: jest.Mocked<
    Pick<
      ExecutionRepository,
      | 'insertIfAbsent'
      | 'findIdByIdempotencyKey'
      | 'insertClosureRows'
      | 'findDepth'
      | 'lockAndFindByIdempotencyKey'
      | 'lockForEnd'
      | 'recordEnd'
      | 'hasNewerSuccess'
    >
  >;
  let pipelineService: jest.Mocked<
    Pick<PipelineService, 'assertExists' | 'recordSuccessfulRun' | 'lockForRun'>
  >;
  let jobQueue: jest.Mocked<Pick<JobQueue, 'enqueue'>>;
  let service: ExecutionService;

  beforeEach(async () => {
    repository = {
      insertIfAbsent: jest.fn(),
      findIdByIdempotencyKey: jest.fn(),
      insertClosureRows: jest.fn(),
      findDepth: jest.fn(),
      lockAndFindByIdempotencyKey: jest.fn().mockResolvedValue(null),
      lockForEnd: jest.fn(),
      recordEnd: jest.fn(),
      hasNewerSuccess: jest.fn().mockResolvedValue(false),
    };
    pipelineService = {
      assertExists: jest.fn(),
      recordSuccessfulRun: jest.fn(),
      lockForRun: jest.fn(),
    };
    jobQueue = { enqueue: jest.fn() };
    // @Transactional() needs a TransactionHost: the no-op adapter runs the use case as is.
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClsModule.forRoot({
          plugins: [
            new ClsPluginTransactional({ adapter: new NoOpTransactionalAdapter({ tx: {} }) }),
          ],
        }),
      ],
      providers: [
        ExecutionService,
        { provide: ExecutionRepository, useValue: repository },
        { provide: PipelineService, useValue: pipelineService },
        { provide: JobQueue, useValue: jobQueue },
      ],
    }).compile();
    service = moduleRef.get(ExecutionService);
  });

  describe('start', () => {
    it('should write the execution and its closure rows, hour and day in UTC', async () => {
      repository.findDepth.mockResolvedValue(0);
      repository.insertIfAbsent.mockResolvedValue(7);
      const result = await service.start({
        pipeline_id: 3,
        start_date: new Date('2024-01-01T23:30:00-02:00'),
        parent_execution_id: 5,
      });
      expect(result).toEqual({ created: true, body: { id: 7 } });
      expect(pipelineService.assertExists).toHaveBeenCalledWith(3);
      expect(repository.findDepth).toHaveBeenCalledWith(5);
      expect(repository.insertIfAbsent).toHaveBeenCalledWith({
        pipelineId: 3,
        parentId: 5,
        startDate: new Date('2024-01-02T01:30:00Z'),
        watermark: null,
        nextWatermark: null,
        hourRecorded: 1,
        dateRecorded: '2024-01-02',
        idempotencyKey: null,
      });
      expect(repository.insertClosureRows).toHaveBeenCalledWith(7, 5);
    });

    it('should throw a 404 for an unknown parent before writing anything', async () => {
      repository.findDepth.mockResolvedValue(null);
      await expect(service.start({ pipeline_id: 3, parent_id: 99 })).rejects.toMatchObject({
        code: 'EXECUTION_NOT_FOUND',
        httpStatus: 404,
      });
      expect(repository.insertIfAbsent).not.toHaveBeenCalled();
    });

    it('should refuse a parent nested 100 levels deep with 422 EXECUTION_TOO_DEEP', async () => {
      repository.findDepth.mockResolvedValue(99);
      repository.insertIfAbsent.mockResolvedValue(8);
      await service.start({ pipeline_id: 3, parent_id: 5 });
      repository.findDepth.mockResolvedValue(100);
      await expect(service.start({ pipeline_id: 3, parent_id: 5 })).rejects.toMatchObject({
        code: 'EXECUTION_TOO_DEEP',
        httpStatus: 422,
      });
      expect(repository.insertIfAbsent).toHaveBeenCalledTimes(1);
    });

    it('should return the first execution of a key when the retry matches, else 422', async () => {
      repository.lockAndFindByIdempotencyKey.mockResolvedValue({
        id: 4,
        pipeline_id: 3,
        parent_id: null,
        start_date: new Date('2024-01-01T10:00:00Z'),
      });
      expect(await service.start({ pipeline_id: 3 }, 'key-1')).toEqual({
        created: false,
        body: { id: 4 },
      });
      expect(repository.lockAndFindByIdempotencyKey).toHaveBeenCalledWith('key-1', 3);
      await expect(service.start({ pipeline_id: 2 }, 'key-1')).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        httpStatus: 422,
      });
      expect(repository.insertIfAbsent).not.toHaveBeenCalled();
    });

    it('should answer a known Idempotency-Key with the earlier id and write no closure rows', async () => {
      repository.insertIfAbsent.mockResolvedValue(null);
      repository.findIdByIdempotencyKey.mockResolvedValue(4);
      const result = await service.start({ pipeline_id: 3 }, 'key-1');
      expect(result).toEqual({ created: false, body: { id: 4 } });
      expect(repository.findIdByIdempotencyKey).toHaveBeenCalledWith(3, 'key-1');
      expect(repository.insertClosureRows).not.toHaveBeenCalled();
    });

    it('should report a keyed execution that vanished meanwhile as a conflict', async () => {
      repository.insertIfAbsent.mockResolvedValue(null);
      repository.findIdByIdempotencyKey.mockResolvedValue(null);
      await expect(service.start({ pipeline_id: 3 }, 'key-1')).rejects.toBeInstanceOf(
        IdempotentStartVanishedError,
      );
    });
  });

  describe('end', () => {
    const startDate = new Date('2024-01-01T10:00:00Z');
    const body = (extra: Partial<EndExecutionDto> = {}): EndExecutionDto => ({
      id: 9,
      end_date: new Date('2024-01-01T10:00:07Z'),
      completed_successfully: true,
      total_rows: 10,
      inserts: 4,
      ...extra,
    });

    beforeEach(() => {
      repository.lockForEnd.mockResolvedValue({
        id: 9,
        pipeline_id: 3,
        start_date: startDate,
        next_watermark: 'w2',
      });
    });

    it('should store the metrics, update the pipeline and enqueue detection on success', async () => {
      await service.end(body());
      expect(repository.recordEnd).toHaveBeenCalledWith(9, {
        endDate: new Date('2024-01-01T10:00:07Z'),
        durationSeconds: 7,
        completedSuccessfully: true,
        inserts: 4,
        updates: null,
        softDeletes: null,
        totalRows: 10,
        throughput: '1.4286',
        executionMetadata: null,
      });
      expect(pipelineService.lockForRun).toHaveBeenCalledWith(3);
      expect(repository.hasNewerSuccess).toHaveBeenCalledWith(3, startDate, 9);
      expect(pipelineService.recordSuccessfulRun).toHaveBeenCalledWith(3, {
        shouldAdvanceWatermark: true,
        endDate: new Date('2024-01-01T10:00:07Z'),
        nextWatermark: 'w2',
        inserts: 4,
        updates: null,
        softDeletes: null,
      });
      expect(jobQueue.enqueue).toHaveBeenCalledWith(EXECUTION_ENDED_JOB, {
        executionId: 9,
        pipelineId: 3,
      });
    });

    it.each([false, null, undefined])(
      'should store completed_successfully %p as false and leave the pipeline alone',
      async (flag) => {
        await service.end(body({ completed_successfully: flag }));
        expect(repository.recordEnd).toHaveBeenCalledWith(
          9,
          expect.objectContaining({ completedSuccessfully: false }),
        );
        expect(pipelineService.recordSuccessfulRun).not.toHaveBeenCalled();
        expect(jobQueue.enqueue).not.toHaveBeenCalled();
      },
    );

    it('should refuse an end that is not after the start', async () => {
      await expect(service.end(body({ end_date: startDate }))).rejects.toBeInstanceOf(
        ExecutionEndBeforeStartError,
      );
      expect(repository.recordEnd).not.toHaveBeenCalled();
    });

    it('should throw a 404 for an unknown execution', async () => {
      repository.lockForEnd.mockResolvedValue(null);
      await expect(service.end(body())).rejects.toBeInstanceOf(ExecutionNotFoundError);
    });

    it('should not advance the watermark when a later-started run already succeeded', async () => {
      repository.hasNewerSuccess.mockResolvedValue(true);
      await service.end(body());
      expect(pipelineService.recordSuccessfulRun).toHaveBeenCalledWith(
        3,
        expect.objectContaining({ shouldAdvanceWatermark: false }),
      );
    });

    it('should fail the end (rolling it back) when the job cannot be recorded', async () => {
      jobQueue.enqueue.mockRejectedValue(new Error('database gone'));
      await expect(service.end(body())).rejects.toThrow('database gone');
    });
  });
});
