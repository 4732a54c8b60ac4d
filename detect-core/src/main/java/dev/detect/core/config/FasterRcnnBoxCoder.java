package dev.detect.core.config;

/**
 * {@code box_coder.faster_rcnn_box_coder}: the scale factors of the box encoding ({@code
 * ty=(yc−yca)/ha·yScale}, {@code th=log(h/ha)·heightScale}, …).
 *
 * @param yScale default 10.0
 * @param xScale default 10.0
 * @param heightScale default 5.0
 * @param widthScale default 5.0
 */
public record FasterRcnnBoxCoder(
    double yScale, double xScale, double heightScale, double widthScale) {}
