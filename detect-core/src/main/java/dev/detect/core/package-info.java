/** Root of the detect core: the shared dataset exception type. */
package dev.detect.core;
