package io.cloudpickle.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The parts of an HTTP request that an {@link HttpRequestSigner} signature covers: the
 * method, the target's path and query, and header values. Adapters for HTTP libraries
 * implement it in a few lines (see {@link #of}).
 */
public interface SignableRequest {

	/** The method, e.g. {@code POST}. */
	String method();

	/**
	 * The target's absolute path as sent, percent-encoding included ({@code /} if empty).
	 */
	String path();

	/** The target's query as sent, without the {@code ?}; null or empty if none. */
	String rawQuery();

	/**
	 * The values of a header, each as it appears in the request; empty if the header is
	 * absent.
	 * @param name the header name, lower case
	 */
	List<String> headerValues(String name);

	/**
	 * A request of {@code method} to {@code target} whose headers {@code headers} looks
	 * up by lower-case name (returning an empty list or null when absent).
	 */
	static SignableRequest of(String method, URI target, Function<String, List<String>> headers) {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(headers, "headers");
		String path = (target.getRawPath() == null || target.getRawPath().isEmpty()) ? "/" : target.getRawPath();
		return new SignableRequest() {
			@Override
			public String method() {
				return method;
			}

			@Override
			public String path() {
				return path;
			}

			@Override
			public String rawQuery() {
				return target.getRawQuery();
			}

			@Override
			public List<String> headerValues(String name) {
				List<String> values = headers.apply(name);
				return (values != null) ? values : List.of();
			}
		};
	}

	/**
	 * Header names as signatures cover them: lower case, without duplicates.
	 * @throws IllegalArgumentException if a name is not an HTTP header name
	 */
	static List<String> headerNames(Collection<String> headerNames) {
		List<String> names = new ArrayList<>();
		for (String name : headerNames) {
			String lower = name.strip().toLowerCase(Locale.ROOT);
			if (!lower.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
				throw new IllegalArgumentException("not an HTTP header name: '" + name + "'");
			}
			if (!names.contains(lower)) {
				names.add(lower);
			}
		}
		return List.copyOf(names);
	}

}
