import { redactUrl } from 'src/config/redact-url.util';

describe('redactUrl', () => {
  it('should drop the password and keep user, host, port, database and options', () => {
    expect(redactUrl('postgres://watcher:s3cr%40t@db:5432/watcher?sslmode=require')).toBe(
      'postgres://watcher@db:5432/watcher?sslmode=require',
    );
    expect(redactUrl('redis://:pw@redis:6379/1')).toBe('redis://redis:6379/1');
  });

  it('should keep a URL without credentials as it is', () => {
    expect(redactUrl('postgres://127.0.0.1:5432/w')).toBe('postgres://127.0.0.1:5432/w');
  });

  it('should never echo something that is not a URL', () => {
    expect(redactUrl('postgres://user:pa ss@[bad')).toBe('<unparseable URL>');
  });
});
