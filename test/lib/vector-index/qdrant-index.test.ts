import { describeQdrantSuites } from './qdrant-suites';

// Behaviour against the HTTP double (and a real server when QDRANT_URL is set). The same suites run
// again in `test:full` with every request checked against Qdrant's OpenAPI schema
// (test/datasets/qdrant-openapi.test.ts).
describeQdrantSuites({ includeConfiguredServer: true });
