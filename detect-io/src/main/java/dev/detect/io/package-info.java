/** Root of detect-io: dataset formats. */
package dev.detect.io;
