// Security headers: a Content-Security-Policy that allows no inline script or style and nothing from
// another origin (every asset, htmx included, is served from here).
import helmet from 'helmet';

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The same rule as frame-ancestors 'none', for browsers that predate CSP: no one may frame these pages.
  xFrameOptions: { action: 'deny' },
  // Served over plain HTTP on a local machine by default: do not pin HTTPS.
  strictTransportSecurity: false,
});
