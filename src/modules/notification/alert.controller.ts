import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import { AlertDetailResponse } from 'src/modules/notification/dto/alert-detail.response';
import { AlertResponse } from 'src/modules/notification/dto/alert.response';
import { ListAlertsQuery } from 'src/modules/notification/dto/list-alerts.query';
import { RaiseTestAlertDto } from 'src/modules/notification/dto/raise-test-alert.dto';
import { TestAlertResponse } from 'src/modules/notification/dto/test-alert.response';
import { NotificationService } from 'src/modules/notification/notification.service';

@ApiTags('Alerts')
@Controller('alerts')
export class AlertController {
  constructor(private readonly notificationService: NotificationService) {}

  @Get()
  @ApiOperation({
    summary: 'List alerts, newest first',
    description:
      'Alerts raised by anomaly detection, freshness, timeliness and queue checks (and test ' +
      'alerts). Default 100, at most 1000 per page; page on with before_id = the last id received.',
  })
  @ApiOkResponse({ type: [AlertResponse] })
  @ApiErrors()
  list(@Query() query: ListAlertsQuery): Promise<AlertResponse[]> {
    return this.notificationService.list(query);
  }

  @Post('test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Raise a test alert, to check the configured channels',
    description:
      'Records a `test` alert (a new one on every call) and delivers it to every configured ' +
      'channel in the background; GET /alerts/{id} shows how each delivery went.',
  })
  @ApiBody({
    type: RaiseTestAlertDto,
    required: false,
    examples: {
      default: { summary: 'An info alert', value: {} },
      pipeline: {
        summary: 'A critical alert about pipeline 1',
        value: { severity: 'critical', pipeline_id: 1 },
      },
    },
  })
  @ApiAcceptedResponse({ type: TestAlertResponse, description: 'Recorded; delivery under way' })
  @ApiErrors(404)
  raiseTest(@Body() dto: RaiseTestAlertDto): Promise<TestAlertResponse> {
    return this.notificationService.raiseTest(dto);
  }

  @Get(':alert_id')
  @ApiOperation({ summary: 'Get an alert with its deliveries' })
  @ApiParam({ name: 'alert_id', type: Number })
  @ApiOkResponse({ type: AlertDetailResponse })
  @ApiErrors(404)
  getById(
    @Param('alert_id', new IdParamPipe('alert_id')) id: number,
  ): Promise<AlertDetailResponse> {
    return this.notificationService.getById(id);
  }
}
