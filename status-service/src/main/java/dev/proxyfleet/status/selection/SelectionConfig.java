package dev.proxyfleet.status.selection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Best-proxy selection settings at start-up; the runtime settings may override them ({@link SelectionSettings}). */
@ConfigMapping(prefix = "selection")
public interface SelectionConfig {

    /** When no proxy fits: answer {@code {"direct": true}} (go without a proxy) instead of 404. */
    @WithDefault("false")
    boolean fallbackToDirect();

    /** The lowest health score the {@code health-score} strategy accepts. */
    @WithDefault("20")
    int minScore();

    /** The strategy when the request names none. */
    @WithDefault("priority")
    String defaultStrategy();
}
