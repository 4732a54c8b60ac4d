/** Dataset validation against images and label maps. */
package dev.detect.io.validate;
