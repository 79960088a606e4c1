package com.example.compute.worker;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import com.example.compute.api.GroupByRequest;
import com.example.compute.api.MapRequest;
import com.example.compute.api.ReduceRequest;

/** The kinds of task the compute server runs, and how each runs its loaded request. */
public enum TaskKind {

	/** A {@code Callable} or {@code Supplier}: its value. */
	CALL {
		@Override
		Object run(Object request, SalesData data, int maxResultRows) throws Exception {
			if (request instanceof Callable<?> callable) {
				return callable.call();
			}
			if (request instanceof Supplier<?> supplier) {
				return supplier.get();
			}
			throw new IllegalArgumentException("expected a pickled Callable or Supplier, got a " + typeOf(request));
		}
	},

	/** A {@link MapRequest}: {@code Rows}. */
	MAP {
		@Override
		Object run(Object request, SalesData data, int maxResultRows) {
			return data.map(expect(MapRequest.class, request), maxResultRows);
		}
	},

	/** A {@link ReduceRequest}: the reduced value. */
	REDUCE {
		@Override
		Object run(Object request, SalesData data, int maxResultRows) {
			return data.reduce(expect(ReduceRequest.class, request));
		}
	},

	/** A {@link GroupByRequest}: a map. */
	GROUP_BY {
		@Override
		Object run(Object request, SalesData data, int maxResultRows) {
			return data.groupBy(expect(GroupByRequest.class, request));
		}
	};

	abstract Object run(Object request, SalesData data, int maxResultRows) throws Exception;

	private static <T> T expect(Class<T> type, Object request) {
		if (!type.isInstance(request)) {
			throw new IllegalArgumentException(
					"expected a pickled " + type.getSimpleName() + ", got a " + typeOf(request));
		}
		return type.cast(request);
	}

	private static String typeOf(Object request) {
		return (request != null) ? request.getClass().getName() : "null";
	}

}
