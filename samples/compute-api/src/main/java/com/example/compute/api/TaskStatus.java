package com.example.compute.api;

/** How a task ended on the server. */
public enum TaskStatus {

	/** It returned a value. */
	OK,

	/** It threw; the exception travels back. */
	FAILED,

	/** It ran past its time limit and was cancelled (interrupted). */
	TIMED_OUT,

	/** The server's executor was full; the task never ran. */
	REJECTED

}
