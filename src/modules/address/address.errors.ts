import { AppError, ValidationFailedError } from 'src/common/errors/app-error';

function describeKey(key: number | string): string {
  return typeof key === 'number' ? `id ${key}` : `name "${key}"`;
}

export class AddressNotFoundError extends AppError {
  constructor(key: number | string) {
    super('ADDRESS_NOT_FOUND', `Address with ${describeKey(key)} not found`, 404);
  }
}

export class AddressTypeNotFoundError extends AppError {
  constructor(key: number | string) {
    super('ADDRESS_TYPE_NOT_FOUND', `Address type with ${describeKey(key)} not found`, 404);
  }
}

export class AddressNameTakenError extends AppError {
  constructor(name: string) {
    super('ADDRESS_NAME_TAKEN', `Another address is already named "${name}"`, 409);
  }
}

export class AddressTypeNameTakenError extends AppError {
  constructor(name: string) {
    super('ADDRESS_TYPE_NAME_TAKEN', `Another address type is already named "${name}"`, 409);
  }
}

export class MissingAddressLookupKeyError extends ValidationFailedError {
  constructor() {
    super([{ field: 'id', messages: ['id or name is required to find the row to update'] }]);
  }
}

export class AddressRenamedConcurrentlyError extends AppError {
  constructor(names: string[]) {
    super(
      'ADDRESS_RENAMED_CONCURRENTLY',
      `Addresses were renamed while this request ran; retry it: ${names.slice(0, 5).join(', ')}`,
      409,
    );
  }
}
