package dev.sightline.dashboard.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardsController {

    @GetMapping("/dashboards")
    String dashboards() {
        return "pages/dashboards";
    }
}
