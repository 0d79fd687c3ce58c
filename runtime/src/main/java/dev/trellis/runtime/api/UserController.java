package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import dev.trellis.core.security.UserUpdate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users: administrators list, create and change them; everyone can ask who they are and change their password. */
@RestController
@RequestMapping("/api/v1")
class UserController {

    /** A new password; {@code currentPassword} is needed when users change their own. */
    record PasswordChange(String password, String currentPassword) {
    }

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping("/me")
    Actor me(Actor actor) {
        return actor;
    }

    @GetMapping("/users")
    List<UserAccount> list(Actor actor) {
        return users.list(actor);
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount create(Actor actor, @RequestBody NewUser user) {
        return users.create(actor, user);
    }

    @GetMapping("/users/{id}")
    UserAccount get(Actor actor, @PathVariable long id) {
        return users.get(actor, id);
    }

    @PutMapping("/users/{id}")
    UserAccount update(Actor actor, @PathVariable long id, @RequestBody UserUpdate update) {
        return users.update(actor, id, update);
    }

    @PutMapping("/users/{id}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void setPassword(Actor actor, @PathVariable long id, @RequestBody PasswordChange change) {
        users.setPassword(actor, id, change.currentPassword(), change.password());
    }
}
