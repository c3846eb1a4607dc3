// The fee-router client: Codama's generated code (instructions, accounts, types, errors, PDAs,
// events) and the helpers around it.
export * from './generated';
export * from './generated/events';
export * from './logs';
export * from './router';
