export {
  type ClassAgreement,
  type ComparedClass,
  type ComparedSegment,
  type CompareOptions,
  compareDocuments,
  type DocumentComparison,
  type DocumentKind,
} from './compare-documents.js';
