export { DomainError, fieldError, validationError, parseInput, type ErrorDetail } from '../../domain';
