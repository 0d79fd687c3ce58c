package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.security.Department;
import dev.trellis.core.security.DepartmentInput;
import dev.trellis.core.security.DepartmentService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The organisation tree: head-office users read it, administrators change it. */
@RestController
@RequestMapping("/api/v1/departments")
class DepartmentController {

    private final DepartmentService departments;

    DepartmentController(DepartmentService departments) {
        this.departments = departments;
    }

    @GetMapping
    List<Department> list(Actor actor) {
        return departments.list(actor);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Department create(Actor actor, @RequestBody DepartmentInput input) {
        return departments.create(actor, input);
    }

    @GetMapping("/{id}")
    Department get(Actor actor, @PathVariable long id) {
        return departments.get(actor, id);
    }

    @PutMapping("/{id}")
    Department update(Actor actor, @PathVariable long id, @RequestBody DepartmentInput input) {
        return departments.update(actor, id, input);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable long id) {
        departments.delete(actor, id);
    }
}
