/** Typed, validated configuration ({@code gateway.*}) and infrastructure beans (clock, CSPRNG). */
package org.credrelay.issuergateway.config;
