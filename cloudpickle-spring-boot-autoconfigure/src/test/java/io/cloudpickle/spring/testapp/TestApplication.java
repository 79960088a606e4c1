package io.cloudpickle.spring.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application of the slice and server tests: only {@link ComputeController}. */
@SpringBootApplication
public class TestApplication {

}
