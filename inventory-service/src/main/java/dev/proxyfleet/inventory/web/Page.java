package dev.proxyfleet.inventory.web;

import java.util.List;

/** One page of a list, with the total across all pages. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
