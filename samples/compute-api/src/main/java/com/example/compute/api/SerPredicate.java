package com.example.compute.api;

import java.io.Serializable;
import java.util.function.Predicate;

/** A {@link Predicate} whose lambdas are serializable, so cloudpickle can ship them. */
@FunctionalInterface
public interface SerPredicate<T> extends Predicate<T>, Serializable {

}
