package org.credrelay.issuergateway.rest;

import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/** Checks paging parameters against {@code gateway.api.*} (400 when out of range). */
@Component
public class Paging {

  private final ApiProperties properties;

  public Paging(ApiProperties properties) {
    this.properties = properties;
  }

  public Pageable of(Integer page, Integer size) {
    int number = page == null ? 0 : page;
    return PageRequest.of(Math.max(0, checkPage(number)), limit(size));
  }

  /** A page size: the default when absent, else 1..max. */
  public int limit(Integer size) {
    int value = size == null ? properties.defaultPageSize() : size;
    if (value < 1 || value > properties.maxPageSize()) {
      throw GatewayException.invalid("size must be between 1 and " + properties.maxPageSize());
    }
    return value;
  }

  private static int checkPage(int page) {
    if (page < 0 || page > 1_000_000) {
      throw GatewayException.invalid("page must be between 0 and 1000000");
    }
    return page;
  }
}
