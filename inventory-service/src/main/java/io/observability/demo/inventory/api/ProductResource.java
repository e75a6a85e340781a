package io.observability.demo.inventory.api;

import java.math.BigDecimal;
import java.util.List;

import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.inventory.model.Product;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    public record ProductView(String sku, String name, BigDecimal price, String currency, int available) {
        static ProductView of(Product product) {
            return new ProductView(product.sku, product.name, product.price, product.currency, product.available);
        }
    }

    @GET
    public List<ProductView> list() {
        return Product.<Product> listAll(Sort.by("sku")).stream().map(ProductView::of).toList();
    }

    @GET
    @Path("/{sku}")
    public ProductView get(@PathParam("sku") String sku) {
        return Product.<Product> findByIdOptional(sku)
                .map(ProductView::of)
                .orElseThrow(() -> new ProblemException(Problem.of(404, "product-not-found", "Product not found",
                        "No product with this sku").with("sku", sku)));
    }
}
