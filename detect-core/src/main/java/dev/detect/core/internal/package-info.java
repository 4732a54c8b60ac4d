/** Internal helpers of detect-core, not part of the API. */
package dev.detect.core.internal;
