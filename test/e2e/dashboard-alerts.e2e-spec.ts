import request from 'supertest';
import { AlertReceiver } from 'test/support/alert-receiver';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';

const CHANNEL_ENV = ['WATCHER_ALERT_WEBHOOK_URL', 'WATCHER_ALERT_RETRY_BASE_MS'];

async function raiseTestAlert(testApp: TestApp): Promise<number> {
  const response = await request(testApp.http).post('/alerts/test').send({}).expect(202);
  return response.body.id;
}

/** delivery_status of the alert in GET /alerts and in GET /alerts/{id}. */
async function statusesOf(testApp: TestApp, id: number): Promise<[string, string]> {
  const list = await request(testApp.http).get('/alerts').expect(200);
  const listed = (list.body as Array<{ id: number; delivery_status: string }>).find(
    (alert) => alert.id === id,
  );
  const detail = await request(testApp.http).get(`/alerts/${id}`).expect(200);
  return [listed?.delivery_status ?? 'missing', detail.body.delivery_status];
}

describe('GET /alerts delivery_status', () => {
  describe('with no channel configured', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp();
    });

    afterAll(async () => {
      await testApp.close();
    });

    it('should say recorded', async () => {
      const id = await raiseTestAlert(testApp);
      await waitForQueuesIdle(testApp);
      expect(await statusesOf(testApp, id)).toEqual(['recorded', 'recorded']);
    });
  });

  describe('with a webhook channel', () => {
    let receiver: AlertReceiver;
    let testApp: TestApp;

    beforeAll(async () => {
      receiver = await AlertReceiver.start();
      process.env.WATCHER_ALERT_WEBHOOK_URL = receiver.url('/webhook');
      // A refused delivery waits a minute before its retry: still pending while the test looks.
      process.env.WATCHER_ALERT_RETRY_BASE_MS = '60000';
      testApp = await createTestApp();
    });

    afterAll(async () => {
      await testApp.close();
      await receiver.close();
      for (const name of CHANNEL_ENV) {
        delete process.env[name];
      }
    });

    it('should say delivered once the channel took it', async () => {
      const id = await raiseTestAlert(testApp);
      await waitForQueuesIdle(testApp);
      expect(receiver.requestsTo('/webhook')).toHaveLength(1);
      expect(await statusesOf(testApp, id)).toEqual(['delivered', 'delivered']);
    });

    it('should say failed when the channel refused it for good', async () => {
      receiver.plan('/webhook', 400);
      const id = await raiseTestAlert(testApp);
      await waitForQueuesIdle(testApp);
      expect(await statusesOf(testApp, id)).toEqual(['failed', 'failed']);
    });

    it('should say pending while the channel is unreachable', async () => {
      await receiver.down();
      const id = await raiseTestAlert(testApp);
      expect(await statusesOf(testApp, id)).toEqual(['pending', 'pending']);
    });
  });
});
