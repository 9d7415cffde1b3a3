package org.credrelay.issuergateway.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** One page of an offset-paginated list. */
public record PageResponse<T>(
    @Schema(description = "The items of this page") List<T> items,
    @Schema(description = "Zero-based page number") int page,
    @Schema(description = "Requested page size") int size,
    @Schema(description = "Total number of items") long totalItems,
    @Schema(description = "Total number of pages") int totalPages) {

  public static <S, T> PageResponse<T> of(Page<S> page, Function<S, T> mapper) {
    return new PageResponse<>(
        page.getContent().stream().map(mapper).toList(),
        page.getNumber(),
        page.getSize(),
        page.getTotalElements(),
        page.getTotalPages());
  }
}
