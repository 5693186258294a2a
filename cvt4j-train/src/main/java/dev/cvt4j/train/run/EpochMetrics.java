package dev.cvt4j.train.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one epoch measured; one line of {@code metrics.jsonl}.
 *
 * @param epoch epoch index (0-based)
 * @param steps optimizer steps taken by the end of the epoch
 * @param lr learning rate of the epoch
 * @param trainLoss mean training loss (soft-target or label-smoothing cross-entropy)
 * @param valLoss mean validation cross-entropy (natural log)
 * @param valTop1 validation top-1, %
 * @param valTop5 validation top-5 (top-k with k = min(5, classes)), %
 * @param imagesPerSecond training throughput of the epoch, images/s
 * @param seconds wall time of the epoch including evaluation, s
 */
public record EpochMetrics(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("steps") long steps,
        @JsonProperty("lr") double lr,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("val_loss") double valLoss,
        @JsonProperty("val_top1") double valTop1,
        @JsonProperty("val_top5") double valTop5,
        @JsonProperty("images_per_s") double imagesPerSecond,
        @JsonProperty("seconds") double seconds) {}
