/** The annotation model: images, objects, sets, validation issues. */
package dev.detect.core.annotation;
