package com.example.compute.api;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} whose lambdas are serializable, so cloudpickle can ship them: no
 * cast needed at the call site.
 */
@FunctionalInterface
public interface SerFunction<T, R> extends Function<T, R>, Serializable {

}
