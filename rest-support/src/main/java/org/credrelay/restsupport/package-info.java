/**
 * What the REST services (key registry, issuer gateway) share, in plain Java: the members of the
 * RFC 9457 problem document ({@link org.credrelay.restsupport.ProblemDocument}) and the one request
 * size limit filter ({@link org.credrelay.restsupport.RequestSizeLimitFilter}).
 */
package org.credrelay.restsupport;
