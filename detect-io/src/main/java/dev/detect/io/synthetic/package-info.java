/** A synthetic shapes dataset for demos and tests. */
package dev.detect.io.synthetic;
