package dev.detect.train;

/**
 * One finished training step.
 *
 * @param step the global step just completed (1-based: the first step is 1)
 * @param numSteps the step training stops at
 * @param totalLoss the total loss
 * @param classificationLoss the classification loss
 * @param localizationLoss the localization loss
 * @param regularizationLoss the L2 regularization loss
 * @param learningRate the learning rate used
 * @param imagesPerSecond recent training throughput
 * @param elapsedSeconds seconds since this run started
 * @param etaSeconds estimated seconds until {@code numSteps}
 */
public record StepInfo(
    long step,
    long numSteps,
    double totalLoss,
    double classificationLoss,
    double localizationLoss,
    double regularizationLoss,
    double learningRate,
    double imagesPerSecond,
    double elapsedSeconds,
    double etaSeconds) {}
