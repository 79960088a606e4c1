package com.example.compute.api;

import java.io.Serializable;
import java.util.function.BinaryOperator;

/**
 * A {@link BinaryOperator} whose lambdas are serializable, so cloudpickle can ship them.
 */
@FunctionalInterface
public interface SerBinaryOperator<T> extends BinaryOperator<T>, Serializable {

}
